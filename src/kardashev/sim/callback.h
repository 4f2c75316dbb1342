// A Callback is what an EventLoop runs: a small callable stored inline, with no
// heap allocation and no type-erased copy or destroy. It accepts any callable
// that is trivially copyable and at most kCapacity bytes, such as a lambda
// capturing a pointer and a few ids or numbers; model state belongs in the
// model, not in the capture. Anything else is rejected at compile time with a
// message saying so.
#ifndef KARDASHEV_SIM_CALLBACK_H_
#define KARDASHEV_SIM_CALLBACK_H_

#include <cstddef>
#include <cstring>
#include <new>
#include <type_traits>
#include <utility>

namespace kardashev::sim {

class Callback {
 public:
  static constexpr std::size_t kCapacity = 40;

  Callback() = default;

  template <typename F, typename = std::enable_if_t<
                            !std::is_same_v<std::decay_t<F>, Callback>>>
  Callback(F&& f) {  // NOLINT(google-explicit-constructor): lambdas convert
                     // implicitly
    using Fn = std::decay_t<F>;
    static_assert(std::is_trivially_copyable_v<Fn> &&
                      std::is_trivially_destructible_v<Fn>,
                  "an event callback must be trivially copyable: capture "
                  "pointers, ids and "
                  "numbers, not strings or containers");
    static_assert(
        sizeof(Fn) <= kCapacity && alignof(Fn) <= alignof(std::max_align_t),
        "an event callback may capture at most 40 bytes");
    static_assert(std::is_invocable_r_v<void, Fn&>,
                  "an event callback takes no arguments");
    ::new (static_cast<void*>(storage_)) Fn(std::forward<F>(f));
    invoke_ = [](void* storage) {
      (*std::launder(static_cast<Fn*>(storage)))();
    };
  }

  explicit operator bool() const { return invoke_ != nullptr; }

  // REQUIRES: *this holds a callable.
  void operator()() { invoke_(storage_); }

 private:
  alignas(std::max_align_t) unsigned char storage_[kCapacity] = {};
  void (*invoke_)(void*) = nullptr;
};

static_assert(std::is_trivially_copyable_v<Callback>);

}  // namespace kardashev::sim

#endif  // KARDASHEV_SIM_CALLBACK_H_
