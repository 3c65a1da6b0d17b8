"""Records of stage 5–6: pairings (a mentor with one or more mentees), the orders that fix them,
individual development plans, meetings and feedback."""
