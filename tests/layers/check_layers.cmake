# The layering check (docs/architecture.md): every #include "scaleout/<part>/..." in a library's
# sources must name its own part or a part below it. Run by ctest as
#   cmake -DROOT=<source dir> -P check_layers.cmake
# and fails, naming each file and include, when a part reaches up (a server file including a
# world header, say) or when a header is still spelled by its old path (scaleout/sim/...).
cmake_minimum_required(VERSION 3.25)
if(NOT ROOT)
  message(FATAL_ERROR "usage: cmake -DROOT=<source dir> -P check_layers.cmake")
endif()

# The layers from the ground up, each with the parts it may include directly; what those may
# include it may include too. Keep in step with docs/architecture.md and sim/CMakeLists.txt.
set(layers protocol adapter base trace web server client links balancer process stores autoscale
           observe world scenarios gui cli)
set(below_protocol "")
set(below_adapter protocol)
set(below_base protocol)
set(below_trace base adapter)
set(below_web base)
set(below_server base trace web adapter)
set(below_client base)
set(below_links base trace adapter)
set(below_balancer base web links)
set(below_process base)
set(below_stores base trace adapter)
set(below_autoscale server trace)
set(below_observe trace adapter)
set(below_world server client links balancer process stores autoscale)
set(below_scenarios world)
set(below_gui scenarios observe)
set(below_cli gui)

# The folder each layer's files live in.
foreach(layer IN ITEMS protocol adapter scenarios gui cli)
  set(folder_${layer} ${layer})
endforeach()
foreach(layer IN ITEMS base trace web server client links balancer process stores autoscale
                       observe world)
  set(folder_${layer} sim/${layer})
endforeach()

# allowed_<layer>: itself and everything below it, directly or not.
foreach(layer IN LISTS layers)
  set(allowed_${layer} ${layer})
  foreach(lower IN LISTS below_${layer})
    list(APPEND allowed_${layer} ${allowed_${lower}})
  endforeach()
  list(REMOVE_DUPLICATES allowed_${layer})
endforeach()

set(violations 0)
set(files_checked 0)
foreach(layer IN LISTS layers)
  file(GLOB_RECURSE sources RELATIVE ${ROOT} ${ROOT}/${folder_${layer}}/*.cpp
       ${ROOT}/${folder_${layer}}/*.hpp)
  foreach(source IN LISTS sources)
    math(EXPR files_checked "${files_checked} + 1")
    file(STRINGS ${ROOT}/${source} includes REGEX "^[ \t]*#[ \t]*include[ \t]*\"scaleout/")
    foreach(line IN LISTS includes)
      string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]*\"scaleout/([a-z_]+)/.*$" "\\1" part
                           "${line}")
      string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]*\"([^\"]+)\".*$" "\\1" header "${line}")
      if(NOT part IN_LIST layers)
        message(SEND_ERROR "${source}: includes ${header}, which is no part's header "
                           "(parts: ${layers})")
        math(EXPR violations "${violations} + 1")
      elseif(NOT part IN_LIST allowed_${layer})
        string(REPLACE ";" ", " allowed "${allowed_${layer}}")
        message(SEND_ERROR "${source}: includes ${header}, a header of ${part}, which is above "
                           "or beside ${layer}; ${layer} may include only: ${allowed}")
        math(EXPR violations "${violations} + 1")
      endif()
    endforeach()
  endforeach()
endforeach()

if(files_checked EQUAL 0)
  message(FATAL_ERROR "no sources found under ${ROOT}")
endif()
if(violations GREATER 0)
  message(FATAL_ERROR "${violations} include(s) point up or sideways across the layers")
endif()
message(STATUS "layers: ${files_checked} files, every include points down")
