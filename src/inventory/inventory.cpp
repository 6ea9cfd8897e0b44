// STUB — being written.
#include "inventory/inventory.h"

#include "core/error.h"

namespace tocsin::inventory {

Discovery discover(const std::string&) { return {}; }
Inventory build_inventory(const std::string&, const std::vector<LockfileArg>&) { throw Error("not implemented"); }
std::vector<std::vector<PackageRef>> paths_to(const Inventory&, PackageRef, std::size_t) { return {}; }
std::vector<PackageRef> find_packages(const Inventory&, const std::string&, const std::string&) { return {}; }

}  // namespace tocsin::inventory
