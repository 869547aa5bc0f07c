# Sourced by the end-to-end tests that score against the development sets: sets eval_dir and a
# temporary directory tmp (removed on exit), or exits 77 (skip) where ../shared is absent, as in
# a user's clone. Expects root (the source tree) to be set.
eval_dir="$root/../shared/eval"
if [ ! -f "$eval_dir/dev/corpus.jsonl" ]; then
  echo "SKIP: $eval_dir/dev not found (the evaluation data sits beside the checkout in CI only)"
  exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
