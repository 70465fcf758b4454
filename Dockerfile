# funnel-sim's CLI as a container image, for the cluster jobs in deploy/ (deploy/README.md).
#
#   docker build -t funnel-sim:0.1.0 .
#   docker run --rm -v "$PWD:/work" -w /work funnel-sim:0.1.0 run scenarios/b2b-demo.yaml
#
# Two stages: the build needs the dev dependencies (esbuild, AssemblyScript, TypeScript); the
# image keeps only the production ones, which the bundles load at run time (piscina for the
# worker threads, cli-progress for the progress bar). Both stages work in /app: the V8 code
# cache primed by the build names that path, so the image uses it as is.

FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:20-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY --from=build /app/bin ./bin
COPY --from=build /app/scenarios ./scenarios
COPY --from=build /app/schema ./schema
# The node image's own unprivileged user (uid 1000); Kubernetes pods run as that uid.
USER node
ENTRYPOINT ["node", "/app/bin/funnel-sim.cjs"]
CMD ["--help"]
