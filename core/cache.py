"""Django's Redis cache backend, keeping its Redis client object instead of making one for every cache call.

Django's RedisCacheClient.get_client builds a new `redis.Redis` for each get/set (its constructor fills a table of
several hundred response callbacks): three or four times a signed-in page (session, user, menu, dashboard figures),
measurable in a page's CPU. The client only wraps the connection pool, which Django already keeps; a backend
instance belongs to one thread (django.core.cache.caches), so the client it keeps is not shared across threads.
"""

from django.core.cache.backends import redis as django_redis


class RedisCacheClient(django_redis.RedisCacheClient):
    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_clients", {})
        client = clients.get(id(pool))
        if client is None:
            client = clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
