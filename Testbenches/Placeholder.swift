// Placeholder until the testbenches land.
