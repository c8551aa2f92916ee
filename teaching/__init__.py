"""Teaching over the engine's answers: what-if, the case through time, learner scoring, the case library, chart data."""
