# The regional report: chapter titles, headings and running text.
