// Reporting reads only the Results schema; code that imports Reporting keeps seeing it.
@_exported import Results
