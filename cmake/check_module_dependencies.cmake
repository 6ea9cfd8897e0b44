# The module_dependencies test: every src/<module>/ declares in CMakeLists.txt (tocsin_module)
# exactly the modules whose headers it includes (DEPS) and the third-party libraries it uses
# (LIBS). This script reads every #include of every module's .h/.cpp files and compares:
#   - a module included (`#include "other/…"`) must be in DEPS, and every DEPS entry must be
#     included by at least one file of the module (DEPS are the real graph, no more, no less);
#   - a library included (`#include <sqlite3.h>`) must be in the LIBS of the module or of a
#     module it depends on (transitively: their headers may need it), and every library the
#     module declares itself must be included by one of its files.
#   cmake -DSOURCE_DIR=src -DDECLARED=module_dependencies.txt -P check_module_dependencies.cmake
# DECLARED has one line per module: name|dep,dep|lib,lib (written by CMakeLists.txt).
cmake_minimum_required(VERSION 3.25)

# Header (prefix) -> the imported targets that provide it. A header not listed is the C/C++
# standard library or the system's (POSIX) and needs no declaration.
set(library_headers
    "simdjson.h=simdjson::simdjson"
    "nlohmann/=nlohmann_json::nlohmann_json"
    "toml++/=tomlplusplus::tomlplusplus"
    "fmt/=fmt::fmt"
    "sqlite3.h=SQLite::SQLite3"
    "zip.h=PkgConfig::LIBZIP"
    "openssl/ssl.h=OpenSSL::SSL"
    "openssl/=OpenSSL::Crypto"
    "yaml.h=PkgConfig::LIBYAML"
    "hs/=PkgConfig::LIBHS"
    "hs.h=PkgConfig::LIBHS"
    "git2=PkgConfig::LIBGIT2"
    "libpq-fe.h=PkgConfig::LIBPQ"
    "httplib.h=PkgConfig::HTTPLIB,OpenSSL::SSL"  # Debian builds cpp-httplib with OpenSSL's TLS
    "pcre2.h=PkgConfig::PCRE2"
    "curl/=tocsin_curl_headers"
    "CLI/=CLI11::CLI11"
    "thread=Threads::Threads"
    "future=Threads::Threads"
    "dlfcn.h=dl")

function(targets_for_header header out)
  set(found "")
  foreach(entry IN LISTS library_headers)
    string(FIND "${entry}" "=" eq)
    string(SUBSTRING "${entry}" 0 ${eq} prefix)
    math(EXPR start "${eq} + 1")
    string(SUBSTRING "${entry}" ${start} -1 targets)
    string(LENGTH "${prefix}" length)
    string(SUBSTRING "${header}" 0 ${length} head)
    if(head STREQUAL prefix)
      string(REPLACE "," ";" found "${targets}")
      break()
    endif()
  endforeach()
  set(${out} "${found}" PARENT_SCOPE)
endfunction()

file(STRINGS "${DECLARED}" lines)
set(modules "")
foreach(line IN LISTS lines)
  if(line STREQUAL "")
    continue()
  endif()
  string(REPLACE "|" ";" parts "${line}")
  list(GET parts 0 name)
  list(GET parts 1 deps)
  list(GET parts 2 libs)
  string(REPLACE "," ";" deps "${deps}")
  string(REPLACE "," ";" libs "${libs}")
  list(APPEND modules ${name})
  set(deps_${name} "${deps}")
  set(libs_${name} "${libs}")
endforeach()

# The libraries a module may include: its own and, transitively, its dependencies'.
function(available_libraries name out)
  set(result ${libs_${name}})
  foreach(dep IN LISTS deps_${name})
    available_libraries(${dep} dep_result)
    list(APPEND result ${dep_result})
  endforeach()
  list(REMOVE_DUPLICATES result)
  set(${out} "${result}" PARENT_SCOPE)
endfunction()

set(problems "")
foreach(name IN LISTS modules)
  file(GLOB files "${SOURCE_DIR}/${name}/*.h" "${SOURCE_DIR}/${name}/*.cpp")
  set(included_modules "")
  set(included_libraries "")
  foreach(file IN LISTS files)
    file(STRINGS "${file}" includes REGEX "^[ \t]*#[ \t]*include[ \t]*[<\"]")
    foreach(include IN LISTS includes)
      if(include MATCHES "#[ \t]*include[ \t]*\"([A-Za-z0-9_]+)/")
        set(other "${CMAKE_MATCH_1}")
        if(NOT other STREQUAL name AND IS_DIRECTORY "${SOURCE_DIR}/${other}")
          list(APPEND included_modules ${other})
          file(RELATIVE_PATH where_${other} "${SOURCE_DIR}" "${file}")
        endif()
      elseif(include MATCHES "#[ \t]*include[ \t]*<([^>]+)>")
        set(header "${CMAKE_MATCH_1}")
        targets_for_header("${header}" targets)
        if(targets)
          list(GET targets 0 first)
          list(APPEND included_libraries ${targets})
          set(header_${first} "${header}")
          file(RELATIVE_PATH where_${first} "${SOURCE_DIR}" "${file}")
        endif()
      endif()
    endforeach()
  endforeach()
  list(REMOVE_DUPLICATES included_modules)
  list(REMOVE_DUPLICATES included_libraries)
  available_libraries(${name} available)
  foreach(other IN LISTS included_modules)
    if(NOT other IN_LIST deps_${name})
      string(APPEND problems "module ${name}: includes module '${other}' (${where_${other}}), which is not in its DEPS\n")
    endif()
  endforeach()
  foreach(target IN LISTS included_libraries)
    if(NOT target IN_LIST available AND DEFINED header_${target})
      string(APPEND problems "module ${name}: includes <${header_${target}}> (${where_${target}}), "
                             "which needs ${target}, not in its LIBS nor its DEPS' LIBS\n")
    endif()
  endforeach()
  foreach(dep IN LISTS deps_${name})
    if(NOT dep IN_LIST included_modules)
      string(APPEND problems "module ${name}: DEPS names '${dep}', but no file of it includes ${dep}/\n")
    endif()
  endforeach()
  foreach(target IN LISTS libs_${name})
    if(NOT target IN_LIST included_libraries)
      string(APPEND problems "module ${name}: LIBS names ${target}, but no file of it includes its headers\n")
    endif()
  endforeach()
endforeach()

list(LENGTH modules count)
if(problems)
  message(NOTICE "${problems}")  # unformatted: one problem per line
  message(FATAL_ERROR "module dependencies differ from the #includes (CMakeLists.txt, tocsin_module)")
endif()
message(STATUS "module dependencies: ${count} modules, DEPS and LIBS match their #includes")
