"""The parts of 考核排名 (pages/ranking.py), one module each: the leader's box, signing, documents, drafting."""
