// Fonts: the atlas with a Korean glyph subset.
#include "draw/fonts.hpp"

#include <imgui_internal.h>

#include <filesystem>

#include "model/strings.hpp"

namespace scaleout::gui {

namespace {

constexpr const char* kLatinFonts[] = {"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"};
constexpr const char* kKoreanFonts[] = {"/usr/share/fonts/truetype/nanum/NanumGothic.ttf",
                                        "/usr/share/fonts/truetype/nanum/NanumBarunGothic.ttf"};

const char* first_existing(std::initializer_list<const char*> paths) {
  for (const char* path : paths) {
    if (std::filesystem::exists(path)) return path;
  }
  return nullptr;
}

ImFont* add_font(ImFontAtlas& atlas, const char* latin, const char* korean, float size,
                 const ImWchar* latin_ranges, const ImWchar* korean_ranges) {
  ImFontConfig config;
  config.OversampleH = 2;
  config.OversampleV = 1;
  ImFont* font = latin ? atlas.AddFontFromFileTTF(latin, size, &config, latin_ranges)
                       : atlas.AddFontDefault(&config);
  if (korean) {
    ImFontConfig merge;
    merge.MergeMode = true;
    merge.OversampleH = 1;
    merge.OversampleV = 1;
    atlas.AddFontFromFileTTF(korean, size, &merge, korean_ranges);
  }
  return font;
}

}  // namespace

Fonts build_fonts(float scale, const std::vector<std::string>& extra_text) {
  ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
  atlas.Clear();
  atlas.Flags |= ImFontAtlasFlags_NoPowerOfTwoHeight;
  Fonts fonts;
  const char* latin = first_existing({kLatinFonts[0]});
  const char* korean = first_existing({kKoreanFonts[0], kKoreanFonts[1]});
  if (!latin) fonts.problem = "DejaVu Sans not found (apt-get install fonts-dejavu-core)";
  if (!korean) fonts.problem = "NanumGothic not found (apt-get install fonts-nanum): no Korean";
  fonts.korean = korean != nullptr;

  // Latin, Latin-1, general punctuation and arrows/shapes for the canvas' symbols.
  static ImVector<ImWchar> latin_ranges;
  static ImVector<ImWchar> korean_ranges;
  latin_ranges.clear();
  korean_ranges.clear();
  {
    ImFontGlyphRangesBuilder builder;
    builder.AddRanges(atlas.GetGlyphRangesDefault());
    static const ImWchar symbols[] = {0x2000, 0x206F, 0x2190, 0x21FF, 0x2500,
                                      0x25FF, 0x2700, 0x27BF, 0};
    builder.AddRanges(symbols);
    for (const auto& text : extra_text)
      builder.AddText(text.c_str());
    builder.BuildRanges(&latin_ranges);
  }
  {
    ImFontGlyphRangesBuilder builder;
    for (auto text : all_texts())
      builder.AddText(text.data(), text.data() + text.size());
    for (const auto& text : extra_text)
      builder.AddText(text.c_str());
    builder.BuildRanges(&korean_ranges);
  }
  const float base = 17.0f * scale;
  fonts.regular = add_font(atlas, latin, korean, base, latin_ranges.Data, korean_ranges.Data);
  fonts.large = add_font(atlas, latin, korean, base * 1.45f, latin_ranges.Data, korean_ranges.Data);
  fonts.small = add_font(atlas, latin, korean, base * 0.82f, latin_ranges.Data, korean_ranges.Data);
  fonts.huge = add_font(atlas, latin, korean, base * 2.1f, latin_ranges.Data, korean_ranges.Data);
  atlas.Build();
  return fonts;
}

bool fonts_cover(const Fonts& fonts, const std::string& text) {
  if (!fonts.regular) return true;
  const char* at = text.c_str();
  const char* end = at + text.size();
  while (at < end) {
    unsigned int c = 0;
    const int length = ImTextCharFromUtf8(&c, at, end);
    if (length <= 0) break;
    at += length;
    if (c >= 0x80 && !fonts.regular->FindGlyphNoFallback(static_cast<ImWchar>(c))) return false;
  }
  return true;
}

}  // namespace scaleout::gui
