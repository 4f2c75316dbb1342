// The report page's frame: style, chart containers, the inlined charting
// library, the charts' configurations as inline JSON and the script that draws
// them and marks each container with the marks it drew.
#include <fmt/format.h>

#include "kardashev/report/chart_library.h"
#include "kardashev/report/html_report.h"
#include "kardashev/version.h"

namespace kardashev::report {

namespace {

constexpr const char* kStyle = R"CSS(
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1300px;
       color: #222; padding: 0 1em; }
h1 { font-size: 1.6em; } h2 { font-size: 1.25em; margin-top: 1.6em; }
table.figures { border-collapse: collapse; font-size: 0.9em; }
table.figures th, table.figures td { border: 1px solid #ccc; padding: 3px 8px;
                                     text-align: right; }
table.figures th:first-child { text-align: left; font-weight: normal; }
pre.scenario { background: #f6f6f6; padding: 1em; overflow: auto;
               font-size: 0.85em; max-height: 30em; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(600px, 1fr));
          gap: 1.5em; }
.chart { border: 1px solid #ddd; border-radius: 4px; padding: 0.8em; }
.chart h3 { margin: 0 0 0.3em 0; font-size: 1.05em; }
.chart p.caption { margin: 0.4em 0 0 0; font-size: 0.85em; color: #555; }
.chart .plot { position: relative; height: 320px; }
footer { margin-top: 2em; font-size: 0.8em; color: #777; }
)CSS";

// Draws every chart of the JSON block; sets data-marks on its container to
// the elements drawn (0 when the canvas stayed blank) and logs a console
// error for a chart that could not be drawn.
constexpr const char* kDriver = R"JS(
(function () {
  const specs = JSON.parse(document.getElementById('kardashev-charts').textContent);
  const errorBars = {
    id: 'kardashevErrorBars',
    afterDatasetsDraw(chart) {
      const ctx = chart.ctx;
      chart.data.datasets.forEach(function (ds, i) {
        const meta = chart.getDatasetMeta(i);
        if (!ds.errors || meta.hidden) return;
        const y = chart.scales[meta.yAxisID || 'y'];
        meta.data.forEach(function (el, j) {
          const d = ds.data[j];
          const v = (d !== null && typeof d === 'object') ? d.y : d;
          const e = ds.errors[j];
          if (!e || v === null || v === undefined) return;
          const top = y.getPixelForValue(v + e), bottom = y.getPixelForValue(v - e);
          ctx.save();
          const area = chart.chartArea;
          ctx.beginPath();
          ctx.rect(area.left, area.top, area.right - area.left, area.bottom - area.top);
          ctx.clip();
          ctx.strokeStyle = '#222';
          ctx.lineWidth = 1.5;
          ctx.beginPath();
          ctx.moveTo(el.x, top); ctx.lineTo(el.x, bottom);
          ctx.moveTo(el.x - 5, top); ctx.lineTo(el.x + 5, top);
          ctx.moveTo(el.x - 5, bottom); ctx.lineTo(el.x + 5, bottom);
          ctx.stroke();
          ctx.restore();
        });
      });
    }
  };
  Chart.register(errorBars);
  specs.forEach(function (s) {
    const box = document.getElementById(s.id);
    try {
      const canvas = box.querySelector('canvas');
      s.config.options = Object.assign(
          {animation: false, responsive: true, maintainAspectRatio: false},
          s.config.options || {});
      const chart = new Chart(canvas, s.config);
      let marks = 0;
      chart.data.datasets.forEach(function (ds, i) {
        marks += chart.getDatasetMeta(i).data.length;
      });
      const px = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      let inked = false;
      for (let k = 3; k < px.length && !inked; k += 4) inked = px[k] !== 0;
      box.setAttribute('data-marks', String(inked ? marks : 0));
    } catch (e) {
      box.setAttribute('data-marks', '0');
      console.error('chart ' + s.id + ' not drawn: ' + e);
    }
  });
})();
)JS";

// `json` for a <script> element: '<' written as \u003c so no "</script>" or
// "<!--" in the data can end the element.
std::string ScriptJson(const nlohmann::ordered_json& json) {
  std::string out;
  for (const char c : json.dump()) {
    if (c == '<') {
      out += "\\u003c";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

std::string ReportPage(const std::string& title, const std::string& body_html,
                       const std::vector<Chart>& charts) {
  std::string html = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<title>{0}</title>\n<style>{1}</style>\n</head>\n<body>\n<h1>{0}</h1>\n",
      EscapeHtml(title), kStyle);
  html += body_html;
  html += "<h2>Charts</h2>\n<div class=\"charts\">\n";
  nlohmann::ordered_json specs = nlohmann::ordered_json::array();
  for (const auto& c : charts) {
    html += fmt::format(
        "<div class=\"chart\" id=\"{}\">\n<h3>{}</h3>\n<div "
        "class=\"plot\"><canvas></canvas></div>\n<p class=\"caption\">{}</p>\n"
        "</div>\n",
        EscapeHtml(c.id), EscapeHtml(c.title), EscapeHtml(c.caption));
    specs.push_back({{"id", c.id}, {"config", c.config}});
  }
  if (charts.empty()) html += "<p>Nothing in this run to chart.</p>\n";
  html += "</div>\n";
  html += fmt::format(
      "<footer>Kardashev {}; charts drawn by {} (MIT License), "
      "inlined.</footer>\n",
      kVersion, EscapeHtml(std::string(ChartLibraryName())));
  html += "<script id=\"kardashev-charts\" type=\"application/json\">" +
          ScriptJson(specs) + "</script>\n";
  html += "<script>\n" + std::string(ChartLibraryScript()) + "\n</script>\n";
  html += "<script>" + std::string(kDriver) + "</script>\n</body>\n</html>\n";
  return html;
}

}  // namespace kardashev::report
