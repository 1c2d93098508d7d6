// GMP for FixedPoint's wide formats (> 126 bits). Swift sees the __gmpz_* functions; the mpz_* names
// are macros that Swift does not import.
#include <gmp.h>
