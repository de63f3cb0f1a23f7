// hiredis event hooks on Asio: readiness waits on the context's socket.
#include "redis/hiredis_asio.hpp"

#include <sys/ioctl.h>

#include <boost/asio/posix/stream_descriptor.hpp>
#include <memory>

namespace scaleout::adapter {
namespace {

namespace asio = boost::asio;

// hiredis reads at most 16 KB per redisAsyncHandleRead. A subscriber that read only that much
// per wake-up would fall behind a server busy with its clients, and Redis cuts a subscriber that
// falls more than `client-output-buffer-limit pubsub` behind (32 MB by default): so we read on
// while the socket has bytes, up to this many reads (1 MB) per wake-up.
constexpr int kMaxReadsPerWakeup = 64;

bool has_bytes_to_read(int fd) {
  int available = 0;
  return ::ioctl(fd, FIONREAD, &available) == 0 && available > 0;
}

// Lives as long as hiredis uses it (until cleanup) and as long as a wait is pending.
class AsioEvents : public std::enable_shared_from_this<AsioEvents> {
 public:
  AsioEvents(asio::io_context& io, redisAsyncContext* context)
      : descriptor_(io, context->c.fd), context_(context) {}

  void want_read(bool wanted) {
    reading_ = wanted;
    if (wanted) arm(asio::posix::descriptor_base::wait_read, read_armed_, reading_);
  }
  void want_write(bool wanted) {
    writing_ = wanted;
    if (wanted) arm(asio::posix::descriptor_base::wait_write, write_armed_, writing_);
  }

  // hiredis is done with the socket (and closes it itself): stop waiting, never close the fd.
  void detach() {
    alive_ = false;
    reading_ = writing_ = false;
    context_->ev.data = nullptr;
    descriptor_.release();
  }

  std::shared_ptr<AsioEvents> self_;  // hiredis' reference, dropped by cleanup

 private:
  void arm(asio::posix::descriptor_base::wait_type type, bool& armed, bool& wanted) {
    if (armed || !alive_) return;
    armed = true;
    const bool is_read = type == asio::posix::descriptor_base::wait_read;
    descriptor_.async_wait(type,
                           [self = shared_from_this(), is_read](boost::system::error_code error) {
                             bool& armed = is_read ? self->read_armed_ : self->write_armed_;
                             bool& wanted = is_read ? self->reading_ : self->writing_;
                             armed = false;
                             if (error || !self->alive_ || !wanted) return;
                             if (is_read) {
                               const int fd = self->context_->c.fd;
                               for (int i = 0; i < kMaxReadsPerWakeup; ++i) {
                                 redisAsyncHandleRead(self->context_);
                                 if (!self->alive_ || !self->reading_ || !has_bytes_to_read(fd))
                                   break;
                               }
                             } else {
                               redisAsyncHandleWrite(self->context_);
                             }
                             // hiredis may have freed the context inside that call (detach() then
                             // cleared alive_).
                             if (self->alive_ && wanted) {
                               self->arm(is_read ? asio::posix::descriptor_base::wait_read
                                                 : asio::posix::descriptor_base::wait_write,
                                         armed, wanted);
                             }
                           });
  }

  asio::posix::stream_descriptor descriptor_;
  redisAsyncContext* context_;
  bool alive_ = true;
  bool reading_ = false;
  bool writing_ = false;
  bool read_armed_ = false;
  bool write_armed_ = false;
};

// The hooks get ev.data, which detach() clears: hiredis 0.14 may call them again afterwards.
AsioEvents* events(void* data) {
  return static_cast<AsioEvents*>(data);
}

void add_read(void* data) {
  if (data) events(data)->want_read(true);
}
void del_read(void* data) {
  if (data) events(data)->want_read(false);
}
void add_write(void* data) {
  if (data) events(data)->want_write(true);
}
void del_write(void* data) {
  if (data) events(data)->want_write(false);
}
void cleanup(void* data) {
  if (!data) return;
  AsioEvents* ev = events(data);
  std::shared_ptr<AsioEvents> keep = std::move(ev->self_);
  ev->detach();
}

}  // namespace

bool attach_to_asio(redisAsyncContext* context, asio::io_context& io) {
  if (context->ev.data != nullptr || context->c.fd < 0) return false;
  auto ev = std::make_shared<AsioEvents>(io, context);
  ev->self_ = ev;
  context->ev.data = ev.get();
  context->ev.addRead = add_read;
  context->ev.delRead = del_read;
  context->ev.addWrite = add_write;
  context->ev.delWrite = del_write;
  context->ev.cleanup = cleanup;
  return true;
}

}  // namespace scaleout::adapter
