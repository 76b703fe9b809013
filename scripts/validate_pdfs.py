#!/usr/bin/env python3
"""Validates every PDF under a folder as PDF/UA-1 and PDF/A-2a with `page`
(pip install page-validation). Prints each failure as file: profile: rule: message and
exits 1 when there is any.

Usage: scripts/validate_pdfs.py OUTPUT_FOLDER
"""
import pathlib
import sys

import page

root = pathlib.Path(sys.argv[1])
pdfs = sorted(root.rglob("*.pdf"))
failed = 0
for pdf in pdfs:
    for profile in ("ua1", "2a"):
        report = page.validate_pdf(str(pdf), profile=profile)
        if not report.is_compliant:
            failed += 1
            for f in report.failures:
                print(f"{pdf.relative_to(root)}: {profile}: {f.rule_id}: {f.message}")
print(f"page {page.__version__}: {len(pdfs)} PDFs, {failed} failed validations")
sys.exit(1 if failed or not pdfs else 0)
