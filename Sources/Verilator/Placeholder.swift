// Placeholder until the Verilator stage lands.
