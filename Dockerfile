# srx as a container: `srx sync serve` keeping a target registry in sync with a source.
#   docker build -t srx .
#   docker run --rm -e REGISTRIES='staging:https://sr-staging:8081,prod:https://sr-prod:8081' -p 9464:9464 \
#     srx staging prod --interval 5m --log-format json --listen 0.0.0.0:9464
# Build stage: compile and pack srx exactly as it is published (npm pack), so the image runs the package.
FROM node:20-alpine AS build
WORKDIR /src
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY bin ./bin
COPY src ./src
COPY scripts/bundle.mjs ./scripts/bundle.mjs
RUN npm ci --ignore-scripts --no-audit --no-fund
RUN npm run build && npm pack --silent && mv srx-*.tgz /tmp/srx.tgz

# Runtime stage: the packed srx installed globally, run as the unprivileged `node` user.
FROM node:20-alpine
COPY --from=build /tmp/srx.tgz /tmp/srx.tgz
RUN npm install --global --omit=dev --no-audit --no-fund /tmp/srx.tgz && rm /tmp/srx.tgz
RUN mkdir -p /var/lib/srx && chown node:node /var/lib/srx
ENV SRX_STATE_DIR=/var/lib/srx NO_COLOR=1
USER node
WORKDIR /var/lib/srx
EXPOSE 9464
ENTRYPOINT ["srx", "sync", "serve"]
CMD ["--help"]
