"""The support service: one Flask app composing the blueprints of every part."""
