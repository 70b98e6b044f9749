"""Tooling for the "Neural Network Basics" nbgrader course."""
