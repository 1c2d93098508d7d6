// Placeholder until the SymbolNet stage lands.
