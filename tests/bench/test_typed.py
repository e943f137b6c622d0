from bench.typed import VARIANTS


def test_questions_are_retyped_as_people_type_them() -> None:
    question = "Quand la Région a-t-elle voté l'actualisation de l'ERBM ?"
    assert VARIANTS["as written"](question) == question
    assert VARIANTS["no accents, no capitals"](question) == "Quand la region a-t-elle vote l'actualisation de l'erbm ?"
    assert VARIANTS["no capitals"](question) == "Quand la région a-t-elle voté l'actualisation de l'erbm ?"
    assert VARIANTS["no accents"](question) == "Quand la Region a-t-elle vote l'actualisation de l'ERBM ?"
