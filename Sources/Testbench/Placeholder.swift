// Placeholder until the Testbench stage lands.
