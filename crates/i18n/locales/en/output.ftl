# Column headers, units and withheld-cell reasons of the one output model (pages, downloads, API, report).
