// Drives a hiredis asynchronous context from a Boost.Asio io_context, so that Redis I/O runs on
// the same thread and loop as the server that owns it (no second event-loop library). hiredis
// says when it wants to read or write; we wait for the socket to be ready with async_wait and
// call redisAsyncHandleRead/Write. hiredis 0.14 has no Asio adapter of its own.
#pragma once

#include <hiredis/async.h>

#include <boost/asio/io_context.hpp>

namespace scaleout::adapter {

// Installs the event hooks on `context`. Returns false when the context has no usable socket.
bool attach_to_asio(redisAsyncContext* context, boost::asio::io_context& io);

}  // namespace scaleout::adapter
