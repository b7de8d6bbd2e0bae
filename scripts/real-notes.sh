#!/usr/bin/env bash
# Copies a dozen pages of scikit-learn's user guide and statistical-learning tutorial out of Debian's
# python-sklearn-doc package into DEST (default corpora/sklearn-guide/), keeping their folders under
# html/. They are real course-like notes that nobody on the team wrote, for the second gold set in
# corpora/sklearn-qa/ (see its README.md). The pages are not committed; run this to make the folder.
#   scripts/real-notes.sh [DEST]
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGE=python-sklearn-doc
SOURCE=/usr/share/doc/$PACKAGE/html
DEST=${1:-corpora/sklearn-guide}

# page                                               why it is in the set
PAGES=(
  modules/linear_model.html                          # OLS, ridge, lasso, elastic net, logistic regression: the core of any ML course
  modules/svm.html                                   # SVMs: kernels, C and gamma, margins, practical tips
  modules/tree.html                                  # decision trees: splitting criteria, pruning, pros and cons
  modules/ensemble.html                              # random forests, boosting, bagging, voting, stacking
  modules/neighbors.html                             # k-nearest neighbours, KD and ball trees, nearest centroid
  modules/clustering.html                            # k-means, DBSCAN, hierarchical clustering, clustering metrics
  modules/preprocessing.html                         # scaling, encoding categorical features, discretisation
  modules/cross_validation.html                      # train/test splits, k-fold and its variants, leakage
  modules/model_evaluation.html                      # scoring, classification and regression metrics, with tables
  tutorial/statistical_inference/supervised_learning.html    # the Scipy Lecture Notes chapter: kNN, curse of dimensionality, shrinkage
  tutorial/statistical_inference/model_selection.html        # the same notes: scores, cross-validation generators, grid search
  tutorial/statistical_inference/unsupervised_learning.html  # the same notes: clustering, PCA, ICA
)

say() { echo "real-notes: $*" >&2; }
die() { say "error: $*"; exit 1; }

dpkg-query -W -f='${Status}' "$PACKAGE" 2>/dev/null | grep -q "install ok installed" \
  || die "the Debian package $PACKAGE is not installed (scripts/setup.sh installs it, or: apt-get install $PACKAGE)"
[[ -d $SOURCE ]] || die "$SOURCE is missing although $PACKAGE is installed"

for page in "${PAGES[@]}"; do
  [[ -f $SOURCE/$page ]] || die "$SOURCE/$page is missing from $PACKAGE $(dpkg-query -W -f='${Version}' "$PACKAGE")"
  mkdir -p "$DEST/$(dirname "$page")"
  cp "$SOURCE/$page" "$DEST/$page"
done
say "copied ${#PAGES[@]} pages of $PACKAGE $(dpkg-query -W -f='${Version}' "$PACKAGE") into $DEST"
