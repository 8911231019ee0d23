"""WebSocket gateways: the agent desktop, the customer chat widget and the wallboard."""
