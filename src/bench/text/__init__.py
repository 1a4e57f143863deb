"""Text leaves: Arabic normalisation, tokenisation, sentence units and the TIMEX3 value grammar.

Each module is versioned (its version is named in the signature) and imports nothing else of the
package but its siblings.
"""
