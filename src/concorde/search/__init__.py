"""Full-text search across everything an instance holds, under the pages' policy."""
