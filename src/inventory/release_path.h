// Internal to the inventory module: the release-path pass run once the graph is complete.
#pragma once

#include "inventory/inventory.h"

namespace tocsin::inventory {

// Fills Inventory::release_path and Inventory::unreached (see inventory.h for the rule).
void compute_release_path(Inventory& inventory);

}  // namespace tocsin::inventory
