#!/usr/bin/env bash
# Deploys the shop.
set -euo pipefail

TARGET="${1:-staging}" # where to deploy
URL="https://example.com/#top"
echo "Deploying to $TARGET # not a comment"
echo 'single # quoted'
count=${#TARGET}

# Build first.
./mvnw -B -q package -DskipTests
scp target/shop.jar "deploy@$TARGET:/opt/shop/" # copy
