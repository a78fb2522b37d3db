# One image per service: docker build --build-arg SERVICE=booking-service .
# Stage 1 builds everything; stage 2 keeps production dependencies and the compiled service only.
FROM node:20.19.2-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY libs libs
COPY apps apps
COPY scripts scripts
RUN npm run build && npm prune --omit=dev

FROM node:20.19.2-bookworm-slim AS runtime
ARG SERVICE
ENV NODE_ENV=production \
    SERVICE=${SERVICE} \
    HOST=0.0.0.0 \
    PORT=3000
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./
COPY --from=build --chown=node:node /app/node_modules node_modules
COPY --from=build --chown=node:node /app/dist dist
USER node
EXPOSE 3000
CMD ["sh", "-c", "exec node dist/apps/${SERVICE}/src/main.js"]
