# Survey invitation letters.
