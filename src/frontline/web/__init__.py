"""The browser UIs (agent desktop, wallboard, chat widget) as package data: plain HTML, CSS and
JavaScript modules with no build step, served by ``frontline.entrypoints.http.pages``."""
