"""The model's documents as PDFs: which PDFs, rendered in parallel and cached, tagged for
PDF/UA."""
