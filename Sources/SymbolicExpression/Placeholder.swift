// Placeholder until the SymbolicExpression stage lands.
