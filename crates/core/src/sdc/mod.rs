//! Statistical disclosure control (SPEC §5): primary and secondary cell suppression with an LP audit.
