"""Review a letter's facts in the browser: ``c87 review``.

:func:`~c87.review.session.open_review` gives a :class:`~c87.review.session.Review` (the
letter's text, its facts, the file they are saved to); :func:`~c87.review.web.start`
serves its page on 127.0.0.1 behind a random token. The page's files are in ``static/``,
shipped in the package; it loads nothing from anywhere else.

May import: c87.pipeline c87.output c87.store c87.mapper c87.input c87.ontology c87.model c87.errors
"""
