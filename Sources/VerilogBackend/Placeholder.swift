// Placeholder until the VerilogBackend stage lands.
