# The childindex API for docker-compose (Neo4j engine). Python 3.11 as on the project machines.
FROM python:3.11-slim
WORKDIR /app
# Production: `serve` refuses to start without CHILDINDEX_JWT_SECRET (32+ random characters).
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 CHILDINDEX_ENVIRONMENT=production
COPY pyproject.toml constraints.txt README.md ./
COPY graph_model graph_model
COPY cypher cypher
COPY analysis analysis
COPY service service
RUN pip install --no-cache-dir -c constraints.txt . \
    && useradd --system --uid 10001 childindex
USER childindex
EXPOSE 8000
CMD ["childindex", "serve", "--host", "0.0.0.0", "--port", "8000"]
