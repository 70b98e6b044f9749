"""The grader's accuracy report (`make report`) over a catalogue of answer variants."""
