/* Generalized three-point energy correlators 1e3 and 2e3 (beta = 1 and 2) of one jet.
 *
 * Sums z_i z_j z_k over i < j < k of the smallest pair angle (1e3) and of the product of
 * the two smallest pair angles (2e3), see FEATURES.md. A plain triple loop: the numpy
 * version in features.py needs index arrays of all triples and is the generator's
 * bottleneck. Compiled on first use by features.py (cc -O2 -shared).
 *
 * z: n momentum fractions; r: n*n pair distances (row major).
 * out: [1e3(b=1), 2e3(b=1), 1e3(b=2), 2e3(b=2)].
 */
void generalized_e3(int n, const double *z, const double *r, double *out)
{
    double e13_1 = 0, e23_1 = 0, e13_2 = 0, e23_2 = 0;
    for (int i = 0; i < n; i++) {
        for (int j = i + 1; j < n; j++) {
            const double a = r[i * n + j];
            const double zij = z[i] * z[j];
            for (int k = j + 1; k < n; k++) {
                const double b = r[i * n + k], c = r[j * n + k];
                double lo = a < b ? a : b;
                double hi = a < b ? b : a;
                if (c < lo) { lo = c; } else if (c > hi) { hi = c; }
                const double mid = a + b + c - lo - hi;
                const double w = zij * z[k];
                const double lm = lo * mid;
                e13_1 += w * lo;
                e23_1 += w * lm;
                e13_2 += w * lo * lo;
                e23_2 += w * lm * lm;
            }
        }
    }
    out[0] = e13_1;
    out[1] = e23_1;
    out[2] = e13_2;
    out[3] = e23_2;
}
