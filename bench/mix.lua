-- The final mixed load: each request takes the next of the paths given after `--`, in turn.
-- bench/run.py passes the benchmarked pages, so the list is kept in one place.

local paths = {}
local next_index = 0

function init(args)
  for _, path in ipairs(args) do
    paths[#paths + 1] = path
  end
end

function request()
  next_index = next_index % #paths + 1
  return wrk.format("GET", paths[next_index])
end
