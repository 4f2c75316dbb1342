#include "kardashev/perf/transformer.h"

namespace kardashev::perf {

double ExpertParams(const catalog::ModelSpec& m) {
  return (m.gated_mlp ? 3.0 : 2.0) * m.hidden_size * m.moe_ffn_hidden_size;
}

double RoutedExpertParams(const catalog::ModelSpec& m) {
  return m.experts > 0
             ? (m.layers - m.dense_layers) * (m.experts * ExpertParams(m))
             : 0.0;
}

double AttentionParams(const catalog::ModelSpec& m) {
  const double h = m.hidden_size;
  const double heads = m.heads;
  if (m.kv_lora_rank > 0) {
    const double qk = m.qk_nope_head_dim + m.qk_rope_head_dim;
    const double q_proj =
        m.q_lora_rank > 0
            ? h * m.q_lora_rank + m.q_lora_rank * heads * qk + m.q_lora_rank
            : h * heads * qk;
    const double kv_down = h * (m.kv_lora_rank + m.qk_rope_head_dim);
    const double kv_up =
        m.kv_lora_rank * heads * (m.qk_nope_head_dim + m.v_head_dim);
    return q_proj + kv_down + m.kv_lora_rank + kv_up + heads * m.v_head_dim * h;
  }
  const double q = heads * m.head_dim;
  const double kv = static_cast<double>(m.kv_heads) * m.head_dim;
  return h * q + 2 * h * kv + q * h;
}

TransformerCounts CountTransformer(const catalog::ModelSpec& m, int seq_len) {
  const double h = m.hidden_size;
  const double mlp_mats = m.gated_mlp ? 3.0 : 2.0;
  const double attn_params = AttentionParams(m);
  const double norm_params = 2 * h;
  const double dense_mlp = mlp_mats * h * m.ffn_hidden_size;
  const double expert_mlp = ExpertParams(m);

  const bool moe = m.experts > 0;
  const int moe_layers = moe ? m.layers - m.dense_layers : 0;
  const int dense_layers = m.layers - moe_layers;

  TransformerCounts c;
  const double dense_layer = attn_params + norm_params + dense_mlp;
  const double moe_layer_total = attn_params + norm_params +
                                 (m.experts + m.shared_experts) * expert_mlp +
                                 h * m.experts;
  const double moe_layer_active =
      attn_params + norm_params +
      (m.experts_per_token + m.shared_experts) * expert_mlp + h * m.experts;
  c.layer_params = dense_layers * dense_layer + moe_layers * moe_layer_total;
  // Input embedding, LM head and the final norm.
  const double embeddings = 2.0 * h * m.vocab_size + h;
  c.params = c.layer_params + embeddings;
  c.active_params =
      dense_layers * dense_layer + moe_layers * moe_layer_active + embeddings;

  const double s_eff = (seq_len + 1) / 2.0;
  c.gemm_flops_per_token =
      2.0 * (dense_layers * (attn_params + dense_mlp) +
             moe_layers * (moe_layer_active - norm_params));
  const double qk_dim =
      m.kv_lora_rank > 0 ? m.qk_nope_head_dim + m.qk_rope_head_dim : m.head_dim;
  const double v_dim = m.kv_lora_rank > 0 ? m.v_head_dim : m.head_dim;
  c.attention_flops_per_token =
      m.layers * 2.0 * m.heads * (qk_dim + v_dim) * s_eff;
  c.lm_head_flops_per_token = 2.0 * h * m.vocab_size;
  return c;
}

}  // namespace kardashev::perf
