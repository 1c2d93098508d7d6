// The g++/ap_fixed side of fixedpoint_bench.sh: y = quantize(a*b + c*d - e*e) at ap_fixed<18,8> inputs.
#include <ap_fixed.h>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

typedef ap_fixed<18, 8> in_t;
typedef ap_fixed<18, 8, AP_RND, AP_SAT> out_t;

static uint64_t state = 0x123456789ABCDEF0ULL;
static int32_t next_raw() {
  state = state * 6364136223846793005ULL + 1442695040888963407ULL;
  return (int32_t)((state >> 33) & 0x3FFFF) - (1 << 17);
}

static int64_t run(long n, const std::vector<int32_t>* in) {
  int64_t sum = 0;
  for (long i = 0; i < n; ++i) {
    in_t a, b, c, d, e;
    a.V = in[0][i]; b.V = in[1][i]; c.V = in[2][i]; d.V = in[3][i]; e.V = in[4][i];
    out_t y = a * b + c * d - e * e;
    sum += y.V.to_int64();
  }
  return sum;
}

int main(int argc, char** argv) {
  long n = argc > 1 ? atol(argv[1]) : 10000000L;
  std::vector<int32_t> in[5];
  for (int k = 0; k < 5; ++k) in[k].reserve(n);
  for (long i = 0; i < n; ++i)
    for (int k = 0; k < 5; ++k) in[k].push_back(next_raw());
  run(n, in);  // warm-up
  auto t0 = std::chrono::steady_clock::now();
  int64_t sum = run(n, in);
  auto t1 = std::chrono::steady_clock::now();
  double t = std::chrono::duration<double>(t1 - t0).count();
  printf("g++ -O3 ap_fixed\t%ld\t%.6f\t%.1f\t%lld\n", n, t, n / t, (long long)sum);
  return 0;
}
