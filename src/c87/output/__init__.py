"""Facts -> files: the facts document, RDF, complaint XML, triple stores."""
