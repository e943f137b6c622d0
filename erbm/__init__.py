"""ERBM document assistant: cited answers over the Engagement pour le Renouveau du Bassin Minier documents."""

__version__ = "0.1.0"
