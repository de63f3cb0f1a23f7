// Plain 2-D geometry for the view model: points and rectangles in canvas units (pixels at zoom 1),
// so that layout and animation can be computed and tested without ImGui or OpenGL.
#pragma once

namespace scaleout::gui {

struct Vec2 {
  float x = 0;
  float y = 0;
};

inline Vec2 operator+(Vec2 a, Vec2 b) {
  return {a.x + b.x, a.y + b.y};
}
inline Vec2 operator-(Vec2 a, Vec2 b) {
  return {a.x - b.x, a.y - b.y};
}
inline Vec2 operator*(Vec2 a, float k) {
  return {a.x * k, a.y * k};
}
inline Vec2 lerp(Vec2 a, Vec2 b, float t) {
  return a + (b - a) * t;
}

struct Rect {
  float x0 = 0;
  float y0 = 0;
  float x1 = 0;
  float y1 = 0;

  float width() const { return x1 - x0; }
  float height() const { return y1 - y0; }
  Vec2 centre() const { return {(x0 + x1) / 2, (y0 + y1) / 2}; }
  Vec2 top_centre() const { return {(x0 + x1) / 2, y0}; }
  Vec2 bottom_centre() const { return {(x0 + x1) / 2, y1}; }
  bool contains(Vec2 p) const { return p.x >= x0 && p.x < x1 && p.y >= y0 && p.y < y1; }
  bool overlaps(const Rect& other) const {
    return x0 < other.x1 && other.x0 < x1 && y0 < other.y1 && other.y0 < y1;
  }
};

}  // namespace scaleout::gui
