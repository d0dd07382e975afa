"""French stop words: words that carry no meaning for peer search."""

FRENCH_STOP_WORDS = [
    "a", "à", "au", "aux", "avec", "ce", "ces", "dans", "de", "des", "du", "elle", "en", "et",
    "eux", "il", "je", "la", "le", "les", "leur", "lui", "ma", "mais", "me", "même", "mes",
    "moi", "mon", "ne", "nos", "notre", "nous", "on", "ou", "où", "par", "pas", "pour", "qu",
    "que", "qui", "sa", "se", "ses", "son", "sur", "ta", "te", "tes", "toi", "ton", "tu", "un",
    "une", "vos", "votre", "vous", "c", "d", "j", "l", "m", "n", "s", "t", "y", "été", "est",
    "sont", "cette", "cet", "aussi", "comme", "chez", "entre", "sans", "sous", "vers",
]
