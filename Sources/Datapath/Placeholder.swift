// Placeholder until the Datapath stage lands.
