"""Answers rendered for people and tools: the text walkthrough, the Markdown handout, CDS Hooks cards."""
