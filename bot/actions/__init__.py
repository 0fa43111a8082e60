"""Custom actions of the SecureAI assistant, served by the Rasa action server.

They run in the Rasa environment and reach the support service only over HTTP
(``service.py``), never by importing the service's packages.
"""
