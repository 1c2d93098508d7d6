// The results schema moved to the Results target; code that imports Testbench keeps seeing it.
@_exported import Results
