// Placeholder until the FixedPoint stage lands.
